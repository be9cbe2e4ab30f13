"""Word lists for telling rewording from a change of meaning (`dedupe.differences`).

Kept as text, one string each, so a reader can scan them; each is split once at import.
"""

from __future__ import annotations

# Words that negate: a copy that has one the kept text lacks (or the other way) says the opposite.
NEGATIONS = frozenset(
    """not no never none nor neither nothing nobody nowhere cannot without isn't aren't wasn't weren't
    don't doesn't didn't won't can't couldn't shouldn't wouldn't hasn't haven't hadn't nicht kein
    keine keinen keinem keiner nie niemals ohne ne pas jamais sans non değil yok hiç 不 没 無 无 非 未 別
    ない""".split()  # noqa: SIM905
)

# Words that carry no content of their own: changing, adding or dropping them is the texture of
# rewording. English, German, French, Spanish and Turkish; in Chinese and Japanese, particles.
FUNCTION_WORDS = frozenset(
    """a an the this that these those it its they them their there here he she his her him we our you
    your i me my of in on at by for from to into onto with within about around over under after
    before following during since until upon as than then so such also too very just only even still
    yet already again further more most much many some any each every both either all other another
    same own and or but however although though while whereas because if when where which who whom
    whose what how why is are was were be been being am has have had having do does did will would
    shall should can could may might must one ones up out off down there's that's it's der die das
    den dem des ein eine einen einem einer eines und oder aber auch noch nur schon sehr so wie als
    dass daß mit von zu zum zur im in an am auf aus bei für nach über unter um vor ist sind war
    waren wird werden wurde wurden hat haben hatte hatten sei es er sie wir ihr sich dieser diese
    dieses le la les un une des du de et ou mais aussi que qui dans sur pour par avec est sont été a
    ont au aux el los las una unos unas y o pero también que en con por para es son fue ha han del
    al ve veya ile bir bu şu o da de ki için gibi daha çok en ise olan olarak ama fakat
    的 了 是 在 和 也
    就 都 而 及 与 着 或 之 其 这 那 有 对 于 将 已 被 把
    让 给 从 向 并 还 以 可
    の に は を が で と も へ や から まで より た だ です ます し て な""".split()  # noqa: SIM905
)

# Phrases that mark a newsletter's or a publisher's frame around an article (sign-up lines,
# rights notices, "continue reading" prompts), folded as `dedupe.normalize` folds text: a copy
# may carry such lines of its own and still go, but not a sentence that says something.
BOILERPLATE_CUES = (
    "newsletter",
    "subscribe",
    "sign up",
    "copyright",
    "all rights reserved",
    "republished",
    "reprinted",
    "with permission",
    "follow us",
    "share this",
    "read more",
    "continue reading",
    "advertisement",
    "click here",
    "log in",
    "members",
    "abonnieren",
    "melden sie sich",
    "alle rechte vorbehalten",
    "abonnez",
    "tous droits reserves",
    "suscribete",
    "derechos reservados",
    "abone",
    "bulten",
    "haklari saklidir",
    "订阅",
    "版权",
    "转载",
    "责任编辑",
    "会員",
    "登録",
    "購読",
    "無断転載",
)
