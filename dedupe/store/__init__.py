"""Where analyses are kept between runs: the SQLite analysis cache, keyed by content and settings."""
