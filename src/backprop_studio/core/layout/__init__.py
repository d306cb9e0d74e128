"""Placing a graph's nodes on the plane (Qt-free): the fast layered layout."""
