"""Community: owners ask and answer per model and fault; the maker's engineers answer too."""
