"""Screening what members write: the one pipeline (assess) and what its verdict means for a post."""
