"""Spiders: navigation only."""
