"""End-to-end tests: Sigap in Chromium, driven by Playwright (see tests/)."""
