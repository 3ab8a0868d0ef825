package io.pptp2wg.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The {@code storage:} section of config.yml: the session-event journal and the key that seals private keys. */
public class StorageFactory {
    /**
     * Session events waiting for the database writer. Gateway threads never wait: if the queue is
     * full (the database stalled) an event is dropped, counted and logged.
     */
    @Min(64)
    @Max(16_777_216)
    @JsonProperty
    private int eventQueueCapacity = 65_536;

    /**
     * The longest time between two checkpoints of a live session's byte counters (issue 17): after a SIGKILL the
     * session is closed as LOST with the bytes of its last checkpoint, so at most this much of its traffic is missing.
     */
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration checkpointInterval = Duration.seconds(60);

    /**
     * Whether a session's LOGIN is committed before its IPCP opens (the gateway holds the network phase for one
     * commit shared with the logins that arrive meanwhile, at most 2 s): then no login a client saw accepted is lost
     * to a SIGKILL (issue 17). On by default; false gives back the one commit of set-up latency (admin-api/README.md
     * has the measurement).
     */
    @JsonProperty
    private boolean loginStoredBeforeIpcp = true;

    /**
     * The AES-256 key that seals users' WireGuard private keys in the database (created, mode 0600,
     * on first start). Default: {@code identity.key} in {@code dataDir}. Keep it off the database host
     * when the database is a shared PostgreSQL: a database dump alone then reveals no private key.
     */
    @JsonProperty
    private Path identityKeyFile;

    public int eventQueueCapacity() {
        return eventQueueCapacity;
    }

    public boolean loginStoredBeforeIpcp() {
        return loginStoredBeforeIpcp;
    }

    public java.time.Duration checkpointInterval() {
        return checkpointInterval.toJavaDuration();
    }

    public Path identityKeyFile(Path dataDir) {
        return Optional.ofNullable(identityKeyFile).orElse(dataDir.resolve("identity.key"));
    }
}
