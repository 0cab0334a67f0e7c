using BenchmarkDotNet.Running;
using Eals.Benchmarks;

// serve: the gateway stack with a /time resource; load: a raw-UDP load generator; micro: BenchmarkDotNet;
// proxy-memory: the join proxy's heap with N distinct pledges; in-flight: N enrollments in progress on the embedded default;
// enroll: issue 14's figures (rate, CPU per enrollment next to the floor, calls and writes per enrollment) in one run;
// directory: the pledge directory's store with a million pledges (writes, searches, counts);
// million: issue 14's million registered pledges in fleet batches, with checkpoints and the operator API's times at the end;
// p256: the P-256 operations on each backend by CPU time.
return args switch
{
    ["serve", .. var rest] => await ServeCommand.RunAsync(rest),
    ["load", .. var rest] => await LoadGenerator.RunAsync(rest),
    ["micro", .. var rest] => RunMicro(rest),
    ["p256", .. var rest] => P256CpuCommand.Run(rest),
    ["pacing", .. var rest] => await PacingLoad.RunAsync(rest),
    ["proxy-memory", .. var rest] => await JoinProxyMemoryCommand.RunAsync(rest),
    ["in-flight", .. var rest] => await InFlightCommand.RunAsync(rest),
    ["enroll", .. var rest] => await EnrollCommand.RunAsync(rest),
    ["directory", .. var rest] => await DirectoryCommand.RunAsync(rest),
    ["million", .. var rest] => await MillionCommand.RunAsync(rest),
    ["flood", .. var rest] => await FloodCommand.RunAsync(rest),
    _ => Usage(),
};

static int RunMicro(string[] rest)
{
    // In-process: the assembly is named Eals.Benchmarks, which BenchmarkDotNet's project lookup would not find.
    string[] arguments = rest.Length == 0 ? ["--filter", "*"] : rest;
    if (!arguments.Contains("--inProcess"))
    {
        arguments = [.. arguments, "--inProcess"];
    }
    BenchmarkSwitcher.FromAssembly(typeof(CodecBenchmarks).Assembly).Run(arguments);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage: Benchmarks serve [--port P] [--seconds S]
               Benchmarks load --target HOST:PORT [--path time] [--duration 10] [--concurrency 64] [--sockets 2] [--non]
               Benchmarks micro [BenchmarkDotNet arguments]
               Benchmarks p256 [--count 2000]
               Benchmarks pacing [--silos 3] [--sites 8] [--concurrency 256] [--hold-ms 20] [--seconds 10] [--cap 64] [--site-cap 16] [--storage memory|sqlite]
               Benchmarks proxy-memory --upstream HOST:PORT [--pledges 10000]
               Benchmarks in-flight [--count 100000] [--warm 1000] [--sockets 256]
               Benchmarks directory [--rows 1000000] [--batch 5000] [--runs 40] [--postgres]
               Benchmarks enroll [--count 5000] [--warmup 3000] [--concurrency 64] [--no-vouchers] [--cluster N] [--max-rounds 6] [--timeout SECONDS]
               Benchmarks million [--total 1000000] [--checkpoints 100000,500000,1000000] [--batch 20000] [--concurrency 128] [--no-vouchers]
                                  [--data DIR [--resume]] [--results million-results.md] [--api-requests 200] [--keep-pledge-files] [--timeout SECONDS-PER-BATCH]
               Benchmarks flood [--rate 5000] [--seconds 30] [--ports 256] [--fleet 20] [--echo]
        """);
    return 2;
}
