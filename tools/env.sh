# Sourced by the tools/ scripts: the JDK this project builds with (JDK 25, see README).
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"25'; then
    for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/jdk-25*; do
        if [ -x "$d/bin/java" ]; then export JAVA_HOME=$d; break; fi
    done
fi
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"25'; then
    echo "pptp2wg needs JDK 25: install Temurin 25 (or another JDK 25) and set JAVA_HOME" >&2
    exit 3
fi
export PATH="$JAVA_HOME/bin:$PATH"
