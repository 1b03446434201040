# The silo image: docker build -t dtaas-silo:latest .   (k8s/deploy runs it)
# .NET 10 images are Ubuntu 24.04; wireguard-go (universe) is the userspace WireGuard for hosts without the module.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Silo/Dtaas.Silo.csproj -c Release -o /out

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends wireguard-go wireguard-tools iproute2 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out /app
WORKDIR /app
# Root with only NET_ADMIN (the Deployment drops every other capability): creating TUN devices, WireGuard
# interfaces and routes needs it, and a non-root user would need file capabilities on wireguard-go and ip as well.
USER root
EXPOSE 8080/tcp 30000/tcp 9464/tcp 51820/udp 51821/udp 51822/udp 51823/udp
ENTRYPOINT ["dotnet", "dtaas-silo.dll"]
