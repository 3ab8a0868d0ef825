package io.pptp2wg.admin.db;

import java.time.Instant;
import java.util.List;

/**
 * A device as one session event shows it, for {@link DeviceDao#record}.
 *
 * @param proven   the password was right (a login, logout or refusal after it): only then may a row be created;
 *                 an authentication failure only updates a device already known (no table growth from guesses)
 * @param auth     the method of a successful login, else null
 */
public record DeviceSighting(String user, String id, String name, String vendor, int firmwareRevision, String hostName,
                             String nameForm, List<String> identifications, Instant at, String publicAddress,
                             String auth, boolean proven) {}
