"""Reading a report made elsewhere: statements, their assertion
status (:mod:`.context`, the ConText algorithm) and holder, and one judge
(:mod:`.judge`) that places case-model values per child for the rule catalogue."""
