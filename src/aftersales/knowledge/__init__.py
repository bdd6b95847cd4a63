"""Knowledge: articles and known issues per brand, model and fault, in three languages."""
