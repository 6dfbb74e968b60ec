using System.Reflection;
using System.Runtime.Loader;

namespace Protocols.LoadBench;

/// <summary>
/// Runs the proxy's own entry point (<c>ProxyApp.RunAsync(args)</c>, loaded from its built dll with its own
/// dependencies) inside this process, so the process can print allocation and GC counters
/// (<see cref="GcStats"/>) that /proc does not show: the allocation probe. Start it with DOTNET_gcServer=1 to match
/// the proxy's own runtimeconfig (System.GC.Server is true for a Web SDK project).
/// </summary>
public static class ProxyHost
{
    public static async Task<int> RunAsync(string proxyDll, string[] args)
    {
        var context = new ProxyLoadContext(Path.GetFullPath(proxyDll));
        var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(proxyDll));
        var run = assembly.GetType("Protocols.Proxy.ProxyApp")?.GetMethod("RunAsync", BindingFlags.Public | BindingFlags.Static, [typeof(string[])])
            ?? throw new InvalidOperationException("Protocols.Proxy.ProxyApp.RunAsync(string[]) not found in " + proxyDll);
        GcStats.StartPrinting();
        return await (Task<int>)run.Invoke(null, [args])!;
    }

    /// <summary>Resolves the proxy's own dependencies from its deps.json; the shared framework comes from the default context.</summary>
    private sealed class ProxyLoadContext(string mainAssembly) : AssemblyLoadContext("proxy")
    {
        private readonly AssemblyDependencyResolver _resolver = new(mainAssembly);

        protected override Assembly? Load(AssemblyName name)
        {
            var path = _resolver.ResolveAssemblyToPath(name);
            return path is null ? null : LoadFromAssemblyPath(path);
        }
    }
}
