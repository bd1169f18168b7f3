"""The bad-input corpus: broken projects and mutations of the real one, with expected errors."""
