"""`cpsolve eval`: plain sampling (N independent samples per problem, no agent loop), pass@k and expected scores."""
