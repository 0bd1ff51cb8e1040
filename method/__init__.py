"""The method of *Sammen om ny teknologi*, as vocabulary every app shares
(`method.vocabulary`)."""
