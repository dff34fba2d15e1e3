"""Rule families. Each family is a package of one-module-per-rule; families never import each
other (an import-linter contract checks it). Shared helpers live in ``hotwash.core.lint.grammar``
and ``hotwash.core.lint.lexicon``."""
