# Sourced by the bench scripts: JAVA is the JDK 25 our machines carry when it is there (the
# figures we quote are on it), else $JAVA, else the java on the PATH.
JAVA=${JAVA:-java}
for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64; do
  [ -x "$candidate/bin/java" ] && JAVA="$candidate/bin/java" && break
done
