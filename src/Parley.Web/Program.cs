using Parley.Web;

WebApplication app = ParleyWeb.Build(args);
app.Run();

/// <summary>The dashboard's entry point (<c>dotnet run --project src/Parley.Web</c>, or <c>parley serve</c>).</summary>
public partial class Program;
