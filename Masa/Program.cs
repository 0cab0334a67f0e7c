using Eals.Masa;

// The standalone MASA: http://127.0.0.1:9443 unless --urls / ASPNETCORE_URLS say otherwise; state under --data (./data).
await using var app = MasaHost.Build(args);
await app.RunAsync();
