// The example as a program: dotnet run --project examples/library -- scenarios/ukraine-2025.yaml
Console.Write(Parley.Examples.LibraryExample.Run(args.Length > 0 ? args[0] : "scenarios/ukraine-2025.yaml"));
