namespace Dtaas.Runtime; internal static class Placeholder {}
