using Eals.Silo;

// The embedded default: one process, everything on loopback, state under --data (default ./data).
await using var app = EmbeddedSilo.Build(args);
await app.RunAsync();
