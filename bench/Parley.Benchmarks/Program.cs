using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Parley.Benchmarks.ScenarioLoadingBenchmarks).Assembly).Run(args);
