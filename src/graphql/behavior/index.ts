// The behavior domain: its types beside their queries and mutations.
