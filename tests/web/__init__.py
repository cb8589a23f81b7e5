"""Tests of the web app, HTTP API, store and URL intake (issue 5)."""
