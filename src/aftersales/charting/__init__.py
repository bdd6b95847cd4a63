"""Charts shared by every area: the page's look, the reader's locale, pictures, kept results."""
