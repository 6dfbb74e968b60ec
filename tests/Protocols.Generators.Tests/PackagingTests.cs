using System.Diagnostics;
using Protocols.Testing;
using Xunit.Abstractions;

namespace Protocols.Generators.Tests;

/// <summary>
/// Packaging: <c>dotnet pack</c> produces the generator and DTO packages, and a user's project restores
/// them from a local folder feed — both to use the DTOs and to generate from its own spec.
/// </summary>
public sealed class PackagingTests(ITestOutputHelper output)
{
    [Fact]
    public void PackedPackages_WorkInAConsumerProject()
    {
        var work = Directory.CreateTempSubdirectory("protocols-pack-");
        try
        {
            var feed = Path.Combine(work.FullName, "feed");
            var version = "0.1.0-test" + DateTime.UtcNow.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var project in new[] { "generators/Protocols.Generators", "src/Protocols.Core", "src/Protocols.Anthropic", "src/Protocols.OpenAI" })
            {
                Run("dotnet", $"pack {Path.Combine(RepoPaths.Root, project)} -c Release -o {feed} -p:Version={version} -nologo", RepoPaths.Root);
            }

            var packages = Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName).ToList();
            Assert.Contains($"Protocols.Anthropic.{version}.nupkg", packages);
            Assert.Contains($"Protocols.Generators.{version}.nupkg", packages);

            var consumer = Path.Combine(work.FullName, "consumer");
            Directory.CreateDirectory(consumer);
            File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                    <WarningsAsErrors>CS8784;CS8785;CS9057</WarningsAsErrors>
                    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Protocols.Anthropic" Version="{version}" />
                    <PackageReference Include="Protocols.Generators" Version="{version}" PrivateAssets="all" />
                    <AdditionalFiles Include="pets/pets.openapi.json" ProtocolsRole="Generate" />
                    <AdditionalFiles Include="pets/protocols.json" ProtocolsRole="Generate" />
                  </ItemGroup>
                </Project>
                """);
            Directory.CreateDirectory(Path.Combine(consumer, "pets"));
            File.WriteAllText(Path.Combine(consumer, "pets", "protocols.json"), """{ "vendor": "Pets", "document": "pets.openapi.json", "namespace": "Consumer.Pets", "roots": ["Pet"] }""");
            File.WriteAllText(Path.Combine(consumer, "pets", "pets.openapi.json"), """
                { "openapi": "3.1.0", "info": { "title": "pets", "version": "1" }, "paths": {},
                  "components": { "schemas": { "Pet": { "type": "object", "required": ["name"], "properties": { "name": { "type": "string" }, "kind": { "type": "string", "enum": ["cat", "dog"] } } } } } }
                """);
            File.Copy(Path.Combine(RepoPaths.Root, "tests", "Protocols.Generators.Tests", "Consumer", "Program.cs.txt"), Path.Combine(consumer, "Program.cs"));

            var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(work.FullName, "packages") };
            var stdout = Run("dotnet", "run -nologo", consumer, env);
            Assert.Contains("hello from the package", stdout, StringComparison.Ordinal);
            Assert.Contains("Rex is a dog (known)", stdout, StringComparison.Ordinal);
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a build server may still hold a file.
            }
        }
    }

    private string Run(string file, string args, string cwd, Dictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(file, args) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (k, v) in env ?? [])
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(5)), $"{file} {args} timed out");
        output.WriteLine($"$ {file} {args}\n{stdout.Result}\n{stderr.Result}");
        Assert.True(p.ExitCode == 0, $"{file} {args} failed ({p.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        return stdout.Result;
    }
}
