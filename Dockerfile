# Orleans.Wandb server image: one silo (HTTP on 8080) of either profile. Embedded: mount a volume at /vol.
# Cluster: set MYSQL and BUCKET (see deploy/README.md). Build from the repository root:
#   docker build -t orleans-wandb .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Silo/Silo.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# The MySQL client tools let deploy/cluster-backup.sh and cluster-restore.sh run inside the image.
RUN apt-get update && apt-get install -y --no-install-recommends mariadb-client && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
COPY deploy/cluster-backup.sh deploy/cluster-restore.sh deploy/mysql-url.sh /app/deploy/
ENV DATA_DIR=/vol PORT=8080
EXPOSE 8080 11111 30000
VOLUME /vol
HEALTHCHECK --interval=10s --timeout=3s CMD ["/bin/sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080"]
ENTRYPOINT ["dotnet", "/app/Orleans.Wandb.Silo.dll"]
