"""Benchmarks: `python -m bench` builds the data, runs each registered measurement, writes results/*.json and the README table."""
