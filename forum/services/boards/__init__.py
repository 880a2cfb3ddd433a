"""The boards: reading threads page by page, and writing in them."""
