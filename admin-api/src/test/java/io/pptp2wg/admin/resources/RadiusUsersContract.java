package io.pptp2wg.admin.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.pptp2wg.admin.Pptp2wgConfiguration;
import io.pptp2wg.admin.testing.FakeGateway;
import io.pptp2wg.admin.testing.Fixture;
import io.pptp2wg.admin.testing.TestApp;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, migration tracking with pppd's radius plugin: there is no list of users to read, so a user is known from
 * their first login attempt (accepted: a user with identity and address at once; failed: tracked, nothing more) or
 * imported through {@code POST /api/users}; such users are in the list, the report, the console and
 * {@code backend-peers} as chap-secrets users are, with sunset dates and cut-overs. The fixture's chap-secrets still
 * names alice, bob, ...: with the plugin loaded they are no users (pppd does not read it for authentication).
 * Run against H2 ({@link H2RadiusUsersTest}) and PostgreSQL ({@link PostgresRadiusUsersTest}); each test uses names of
 * its own.
 */
@Timeout(120)
abstract class RadiusUsersContract {
    private static final ObjectMapper JSON = new ObjectMapper();

    abstract DropwizardAppExtension<Pptp2wgConfiguration> app();

    TestApp testApp() {
        return app().getApplication();
    }

    Invocation.Builder call(String path) {
        return call(path, Fixture.TOKEN);
    }

    Invocation.Builder call(String path, String token) {
        var b = app().client().target("http://127.0.0.1:" + app().getLocalPort() + path).request();
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    static JsonNode json(Response r) {
        try {
            return JSON.readTree(r.readEntity(String.class));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode ok(Response r) {
        assertThat(r.getStatus()).as("status").isEqualTo(200);
        return json(r);
    }

    static String refused(Response r, int status) {
        assertThat(r.getStatus()).as("status").isEqualTo(status);
        return json(r).get("message").asText();
    }

    JsonNode users() {
        testApp().flush();
        return ok(call("/api/users").get());
    }

    static JsonNode find(JsonNode array, String name) {
        for (JsonNode n : array) {
            if (n.get("name").asText().equals(name)) {
                return n;
            }
        }
        return null;
    }

    static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get("name").asText()));
        return out;
    }

    FakeGateway.Login login(String user) {
        return testApp().gateway.login(user, FakeGateway.client("LAPTOP-" + user, "Microsoft", 0x0600, "198.51.100.77"));
    }

    String backendPeers() {
        return call("/api/backend/peers").get().readEntity(String.class);
    }

    Response importJson(String body) {
        return call("/api/users").post(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE));
    }

    Response importCsv(String body) {
        return call("/api/users").post(Entity.entity(body, "text/csv"));
    }

    @Test
    void chapSecretsNamesNoUserWhileThePluginIsLoaded() {
        assertThat(names(users())).doesNotContain("alice", "bob", Fixture.POOL_USERS.getLast());
        assertThat(refused(call("/api/users/alice").get(), 404)).contains("seen at a RADIUS login or imported");
    }

    @Test
    void aFirstAcceptedLoginMakesAUserWithIdentityAddressAndDevice() {
        assertThat(login("r-anna")).isInstanceOf(FakeGateway.Login.Up.class);
        JsonNode anna = find(users(), "r-anna");
        assertThat(anna).as("listed after its first login").isNotNull();
        assertThat(anna.get("source").asText()).isEqualTo("radius-login");
        assertThat(anna.get("state").asText()).isEqualTo("pptp-active");
        assertThat(anna.get("logins").asLong()).isEqualTo(1);
        assertThat(anna.get("devices").asInt()).isEqualTo(1);
        String key = anna.get("wireguardPublicKey").asText();
        String address = anna.get("tunnelAddress").asText();
        assertThat(key).hasSize(44);
        assertThat(address).startsWith("192.0.2.1");
        assertThat(backendPeers()).contains("PublicKey = " + key + "\nAllowedIPs = " + address + "/32\n");
        JsonNode detail = ok(call("/api/users/r-anna").get());
        assertThat(detail.get("devices")).hasSize(1);
        assertThat(detail.get("devices").get(0).get("name").asText()).isEqualToIgnoringCase("laptop-r-anna");
        // the report and the console list it like any user
        JsonNode report = ok(call("/api/reports/migration").get());
        assertThat(names(report.get("users"))).contains("r-anna");
        assertThat(report.get("devices").findValuesAsText("user")).contains("r-anna");
        assertThat(names(ok(call("/api/console/users?q=r-anna").get()).get("users"))).containsExactly("r-anna");
    }

    @Test
    void aFailedLoginOfANewNameIsTrackedWithoutIdentityUntilALoginIsAccepted() {
        testApp().gateway.authFailure("r-ghost", FakeGateway.client("PC", "Microsoft", 0x0600, "198.51.100.78"));
        JsonNode ghost = find(users(), "r-ghost");
        assertThat(ghost).as("known from its first (failed) attempt").isNotNull();
        assertThat(ghost.get("source").asText()).isEqualTo("radius-attempt");
        assertThat(ghost.get("authFailures").asLong()).isEqualTo(1);
        assertThat(ghost.get("wireguardPublicKey").isNull()).as("no identity for a name the server refused").isTrue();
        assertThat(ghost.get("tunnelAddress").isNull()).as("nor an address of the pool").isTrue();
        assertThat(backendPeers()).doesNotContain("r-ghost");

        assertThat(login("r-ghost")).isInstanceOf(FakeGateway.Login.Up.class);
        ghost = find(users(), "r-ghost");
        assertThat(ghost.get("source").asText()).isEqualTo("radius-login");
        assertThat(ghost.get("wireguardPublicKey").isNull()).isFalse();
        assertThat(backendPeers()).contains("# r-ghost");
    }

    @Test
    void sunsetAndCutoverWorkForARadiusUser() {
        login("r-ben");
        ok(call("/api/users/r-ben/sunset").put(Entity.json("{\"date\":\"2020-01-01\"}")));
        assertThat(login("r-ben")).isInstanceOf(FakeGateway.Login.Refused.class);
        assertThat(find(users(), "r-ben").get("state").asText()).isEqualTo("sunset-refused");
        ok(call("/api/users/r-ben/sunset").put(Entity.json("{\"date\":null}")));
        Response cut = call("/api/users/r-ben/cutover").post(Entity.text(""));
        assertThat(cut.getStatus()).isEqualTo(200);
        String conf = cut.readEntity(String.class);
        assertThat(conf).contains("[Interface]").contains("Address = " + find(users(), "r-ben").get("tunnelAddress").asText());
        assertThat(find(users(), "r-ben").get("state").asText()).isEqualTo("cutover-issued");
    }

    @Test
    void importAsJsonMakesUsersWithIdentitiesBeforeTheyLogInAndIsIdempotent() {
        JsonNode first = ok(importJson("[\"i-carla\", {\"name\": \"i-dirk\", \"sunset\": \"2099-06-30\"}, \"i-carla\"]"));
        assertThat(first.get("added").asInt()).isEqualTo(2);
        assertThat(first.get("alreadyKnown").asInt()).isZero();
        assertThat(first.get("sunsetsSet").asInt()).isEqualTo(1);
        JsonNode all = users();
        JsonNode dirk = find(all, "i-dirk");
        assertThat(dirk.get("source").asText()).isEqualTo("imported");
        assertThat(dirk.get("state").asText()).isEqualTo("pptp-dormant");
        assertThat(dirk.get("sunsetDate").asText()).isEqualTo("2099-06-30");
        assertThat(dirk.get("sunsetSource").asText()).isEqualTo("user");
        String key = dirk.get("wireguardPublicKey").asText();
        assertThat(backendPeers()).as("the backend's [Peer] exists before the first login")
                .contains("PublicKey = " + key + "\nAllowedIPs = " + dirk.get("tunnelAddress").asText() + "/32\n");

        JsonNode again = ok(importJson("[\"i-carla\", {\"name\": \"i-dirk\", \"sunset\": \"2099-06-30\"}]"));
        assertThat(again.get("added").asInt()).isZero();
        assertThat(again.get("alreadyKnown").asInt()).isEqualTo(2);
        assertThat(again.get("sunsetsSet").asInt()).isZero();
        assertThat(find(users(), "i-dirk").get("wireguardPublicKey").asText()).as("the same identity").isEqualTo(key);

        // the first login keeps the imported identity and address; the source stays "imported"
        login("i-dirk");
        assertThat(find(users(), "i-dirk").get("wireguardPublicKey").asText()).isEqualTo(key);
        assertThat(find(users(), "i-dirk").get("source").asText()).isEqualTo("imported");
        JsonNode audit = ok(call("/api/audit").get());
        assertThat(audit.findValuesAsText("action")).contains("import-users");
    }

    @Test
    void importAsCsvWithAHeaderAndQuotedNames() {
        JsonNode r = ok(importCsv("name,sunset\r\ni-eve,2099-01-31\n\"CORP\\i-frank, jr\",\ni-gus\n"));
        assertThat(r.get("added").asInt()).isEqualTo(3);
        assertThat(r.get("users").findValuesAsText("")).isEmpty();
        JsonNode all = users();
        assertThat(find(all, "i-eve").get("sunsetDate").asText()).isEqualTo("2099-01-31");
        assertThat(find(all, "CORP\\i-frank, jr")).isNotNull();
        assertThat(find(all, "i-gus").get("sunsetSource").asText()).as("the global date").isEqualTo("global");
        assertThat(ok(importCsv("name\ni-hal\n")).get("added").asInt()).isEqualTo(1);
    }

    @Test
    void badRowsAreNamedByTheirLineAndNothingIsImported() {
        String message = refused(importCsv("name,sunset\ni-ok1,2099-01-01\n,2099-01-01\ni-ok2,31.12.2099\n"
                + "i-ok1,2098-01-01\n"), 400);
        assertThat(message).contains("nothing imported").contains("line 3: name '': empty name")
                .contains("line 4: sunset '31.12.2099' is not YYYY-MM-DD")
                .contains("line 5: 'i-ok1' again with another sunset date than at line 2");
        assertThat(refused(importCsv("user\ni-x\n"), 400)).contains("line 1: the header must be name[,sunset]");
        assertThat(refused(importCsv("name,group\ni-x,vpn\n"), 400)).contains("unknown column 'group'");
        assertThat(refused(importJson("[\"i-ok3\", 7, {\"name\": \"i-ok4\", \"role\": \"x\"}, \" i-pad\"]"), 400))
                .contains("element 2: neither a name nor an object").contains("element 3: unknown field(s) [role]")
                .contains("element 4: name ' i-pad': blank at its start or end");
        assertThat(refused(importJson("{\"name\": \"i-x\"}"), 400)).contains("JSON array");
        assertThat(refused(importJson("[\"i-x\",\n"), 400)).contains("not JSON");
        assertThat(refused(importJson("[\"" + "n".repeat(254) + "\"]"), 400)).contains("longer than 253 octets");
        assertThat(names(users())).doesNotContain("i-ok1", "i-ok2", "i-ok3", "i-ok4", "i-x");
        assertThat(call("/api/users").post(Entity.text("i-x")).getStatus()).as("text/plain").isEqualTo(415);
    }

    @Test
    void importNeedsTheToken() {
        assertThat(refused(call("/api/users", null).post(Entity.json("[\"i-x\"]")), 401)).contains("missing bearer token");
        assertThat(refused(call("/api/users", "wrong").post(Entity.json("[\"i-x\"]")), 401)).contains("invalid");
        assertThat(names(users())).doesNotContain("i-x");
    }
}
