namespace Dtaas.Runtime;

/// <summary>Marker for grain interfaces. Every method returns <see cref="Task"/> or <see cref="Task{TResult}"/>.</summary>
public interface IGrain;

/// <summary>A grain identified by a string key (CRD grains use <c>namespace/name</c>).</summary>
public interface IGrainWithStringKey : IGrain;
