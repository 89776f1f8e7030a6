# Orleans.Wandb server image: one silo (HTTP on 8080) of either profile. Embedded: mount a volume at /vol.
# Cluster: set MYSQL and BUCKET (see deploy/README.md). Build from the repository root:
#   docker build -t orleans-wandb .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The web app's chart library comes from npm during the build (src/Web/App/WebApp.targets); the SDK image has no npm.
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
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
# Liveness as Kubernetes sees it (/healthz). bash, not sh: Debian's sh (dash) has no /dev/tcp, and the image no curl.
HEALTHCHECK --interval=10s --timeout=3s CMD ["/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT:-8080} && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "/app/Orleans.Wandb.Silo.dll"]
