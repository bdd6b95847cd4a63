"""Parts and stock: the parts catalogue, stock per location as a ledger, and supply orders."""
