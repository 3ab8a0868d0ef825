package io.pptp2wg.tests.lab;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResultLineTest {
    @Test
    void wordsThenKeysWithQuotedValues() {
        ResultLine r = ResultLine.parse("RESULT sc1 session s=0 up=1 mppe=\"128-bit stateless\" dns=\"\" reason=\"a = b\"").orElseThrow();
        assertThat(r.tag()).isEqualTo("RESULT");
        assertThat(r.words()).containsExactly("sc1", "session");
        assertThat(r.getInt("s", -1)).isZero();
        assertThat(r.get("mppe")).isEqualTo("128-bit stateless");
        assertThat(r.get("dns")).isEmpty();
        assertThat(r.get("reason")).isEqualTo("a = b");
        assertThat(r.get("missing")).isEmpty();
        assertThat(r.getDouble("s", 7)).isZero();
        assertThat(r.getLong("up", 9)).isEqualTo(1);
    }

    @Test
    void notAResultLine() {
        assertThat(ResultLine.parse("[    1.2] some kernel line")).isEmpty();
        assertThat(ResultLine.parse("")).isEmpty();
        assertThat(ResultLine.parse("END status=ok").orElseThrow().get("status")).isEqualTo("ok");
    }
}
