// The books domain: its types beside their queries and mutations.
