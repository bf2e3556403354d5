"""Local stand-ins for TiParser and CaseHelper; see sandbox/README.md."""
