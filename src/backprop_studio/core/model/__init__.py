"""The graph model: nodes, edges and their rules, the file format, data sets."""
