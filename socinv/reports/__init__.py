"""Board papers: the decision memo and the annexes for the interim and annual accounts."""
