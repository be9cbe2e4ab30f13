"use strict";
// Builds the side-by-side views from the embedded JSON when a group or file is first opened.
// Every piece of file text goes through textContent (createTextNode), never innerHTML.
(function () {
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const texts = data.texts;
  const FOLD_AFTER = 3; // a run of more identical paragraphs than this is folded

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // One paragraph [start, end, [changeStart, changeEnd, ...]] with its changes wrapped in `tag`.
  function paragraph(text, block, tag, into) {
    const [start, end, changes] = block;
    const p = into || el("p");
    let at = start;
    for (let i = 0; i < changes.length; i += 2) {
      p.append(document.createTextNode(text.slice(at, changes[i])), el(tag, "", text.slice(changes[i], changes[i + 1])));
      at = changes[i + 1];
    }
    p.append(document.createTextNode(text.slice(at, end)));
    return p;
  }

  function cell(side, text, blocks, tag, absent) {
    const node = el("div", "cell " + side);
    if (!blocks.length) {
      node.classList.add("none");
      node.textContent = absent;
    }
    for (const block of blocks) node.append(paragraph(text, block, tag));
    return node;
  }

  function row(kind, left, right) {
    const node = el("div", "row " + kind);
    node.append(left, right);
    return node;
  }

  function sideBySide(leftTitle, rightTitle, rows, leftText, rightText) {
    const box = el("div", "sbs");
    const head = el("div", "head");
    head.append(el("div", "", leftTitle), el("div", "", rightTitle));
    box.append(head);
    const built = rows.map(([kind, a, b]) =>
      row(kind, cell("a", leftText, a, "del", "not in the kept copy"), cell("b", rightText, b, "ins", "not in this copy")));
    let i = 0;
    while (i < built.length) {
      let j = i;
      while (j < rows.length && rows[j][0] === "same") j++;
      if (j - i > FOLD_AFTER) {
        const hidden = built.slice(i + 1, j - 1);
        box.append(built[i]);
        const fold = el("div", "fold");
        const button = el("button", "", "⋯ " + hidden.length + " more identical paragraphs");
        button.type = "button";
        button.addEventListener("click", () => fold.replaceWith(...hidden));
        fold.append(button);
        box.append(fold, built[j - 1]);
        i = j;
      } else {
        box.append(...built.slice(i, Math.max(j, i + 1)));
        i = Math.max(j, i + 1);
      }
    }
    return box;
  }

  function scores(member) {
    return "similarity " + member.similarity.toFixed(2) + " · containment " + member.containment.toFixed(2);
  }

  function pairView(keep, keptIndex, member) {
    const section = el("section", "pair");
    const title = el("h4");
    title.append(el("span", "path", member.path), el("span", "scores", scores(member)));
    section.append(title);
    if (!member.readable) {
      section.append(el("p", "missing", "One of the two files could not be read again (changed or removed since the scan)."));
    } else {
      section.append(sideBySide("kept: " + keep, member.path, member.rows, texts[keptIndex], texts[member.text]));
    }
    return section;
  }

  function renderGroup(details) {
    const group = data.groups[Number(details.dataset.at)];
    const into = details.querySelector(".pairs");
    for (const member of group.members) into.append(pairView(group.keep, group.text, member));
  }

  function renderHeldPair(details) {
    const pair = data.held_pairs[Number(details.dataset.heldPair) - 1];
    details.querySelector(".pairs").append(pairView(pair.keep, pair.text, pair));
  }

  // The text of a file entry, or null after saying in `body` that it could not be read again.
  function fileText(file, body) {
    if (file.text !== null) return texts[file.text];
    body.append(el("p", "missing", "The file could not be read again (changed or removed since the scan)."));
    return null;
  }

  function renderHeldFile(details) {
    const file = data.held_files[Number(details.dataset.heldFile) - 1];
    const body = details.querySelector(".body");
    const text = fileText(file, body);
    if (text === null) return;
    for (const pair of file.pairs) {
      body.append(el("p", "policy", "line " + pair.line + " kept beside line " + pair.kept_line + ": " + pair.reason));
      const title = "line " + pair.line + " (kept too, similarity " + pair.similarity.toFixed(2) + ")";
      body.append(sideBySide("line " + pair.kept_line, title, [["changed", pair.kept, pair.copy]], text, text));
    }
  }

  function renderFile(details) {
    const file = data.files[Number(details.dataset.at)];
    const body = details.querySelector(".body");
    const text = fileText(file, body);
    if (text === null) return;
    const view = el("div", "filetext");
    let at = 0;
    for (const [start, end, kind, label] of file.marks) {
      view.append(document.createTextNode(text.slice(at, start)));
      const mark = el("mark", kind);
      mark.append(el("span", "tag", label), document.createTextNode(text.slice(start, end)));
      view.append(mark);
      at = end;
    }
    view.append(document.createTextNode(text.slice(at)));
    body.append(view);
    if (file.near.length) body.append(el("h3", "", "Near repeats against the paragraph they repeat"));
    for (const near of file.near) {
      const rows = [["changed", near.kept, near.removed]];
      const title = "line " + near.line + " (removed, similarity " + near.similarity.toFixed(2) + ")";
      body.append(sideBySide("line " + near.kept_line + " (kept)", title, rows, text, text));
    }
  }

  document.addEventListener("toggle", (event) => {
    const details = event.target;
    if (!details.open || details.dataset.rendered) return;
    details.dataset.rendered = "1";
    if (details.dataset.group) renderGroup(details);
    else if (details.dataset.file) renderFile(details);
    else if (details.dataset.heldPair) renderHeldPair(details);
    else if (details.dataset.heldFile) renderHeldFile(details);
  }, true);

  const items = Array.from(document.querySelectorAll("details[data-search]"));
  const shown = document.getElementById("shown");
  function filter(query) {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    let count = 0;
    for (const item of items) {
      const hit = words.every((w) => item.dataset.search.includes(w));
      item.hidden = !hit;
      count += hit;
    }
    shown.textContent = words.length ? count + " of " + items.length + " shown" : items.length + " groups and files";
  }
  document.getElementById("filter").addEventListener("input", (event) => filter(event.target.value));
  filter("");

  // Re-sorting in the page, as --sort does: lowest similarity first, or largest saving first;
  // ties, and `path`, keep the report's order (data-place).
  const ORDERS = {
    path: () => 0,
    similarity: (a, b) => Number(a.dataset.similarity) - Number(b.dataset.similarity),
    bytes: (a, b) => Number(b.dataset.bytes) - Number(a.dataset.bytes),
  };
  function sortBy(key) {
    const order = ORDERS[key] || ORDERS.path;
    for (const id of ["groups", "files"]) {
      const section = document.getElementById(id);
      const entries = Array.from(section.querySelectorAll(":scope > details[data-place]"));
      entries.sort((a, b) => order(a, b) || Number(a.dataset.place) - Number(b.dataset.place));
      section.append(...entries);
    }
  }
  document.getElementById("sort").addEventListener("change", (event) => sortBy(event.target.value));
})();
