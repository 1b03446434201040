namespace Dtaas.Grains.Interfaces.Models;

/// <summary>One line of a watch stream: <c>{"type": "ADDED", "object": {...}}</c>.</summary>
public sealed record WatchEvent<T>(WatchEventType Type, T Object);
