// The habits domain: its types beside their queries and mutations.
