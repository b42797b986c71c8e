# syntax=docker/dockerfile:1

# Build: the Maven wrapper on a JDK, dependencies in their own layer so that a change to
# the sources does not download them again.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q package -DskipTests \
    && cp target/dispatcher-*.jar app.jar \
    && java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

# Run: a JRE, the jar's layers from the least to the most often changed, a non-root user.
FROM eclipse-temurin:21-jre
RUN groupadd --system dispatcher \
    && useradd --system --gid dispatcher --home-dir /app --shell /usr/sbin/nologin dispatcher \
    && mkdir -p /app/data \
    && chown dispatcher:dispatcher /app/data
WORKDIR /app
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
USER dispatcher
ENV PORT=3001
EXPOSE 3001
# The default H2 database lives here; mount a volume to keep it, or set SPRING_DATASOURCE_URL.
VOLUME /app/data
# Commonly built images install curl first because the JRE image may lack curl and wget,
# so the check sends its request through bash's /dev/tcp and needs neither.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT} && printf 'GET /health/liveness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "org.springframework.boot.loader.launch.JarLauncher"]
