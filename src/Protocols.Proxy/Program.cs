using Protocols.Proxy;

return await ProxyApp.RunAsync(args);
