"""Runs: parameters (one contract), papermill pipeline, atomic publish, manifest, verify, batch."""
