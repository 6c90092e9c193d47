package io.rtw.local;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local repository found as Maven finds it, over a temporary home and Maven installation (never the real ~/.m2). */
class MavenRepositoryTest {

    @TempDir Path tmp;
    private Path home;
    private Path mavenHome;
    private final Map<String, String> properties = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void emptyHomeAndInstallation() throws IOException {
        home = Files.createDirectories(tmp.resolve("home"));
        mavenHome = Files.createDirectories(tmp.resolve("maven"));
        properties.put("user.home", home.toString());
    }

    private Path find() {
        return new MavenRepository(properties::get, env::get).path();
    }

    private static String settings(String localRepository) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<settings xmlns=\"http://maven.apache.org/SETTINGS/1.0.0\">\n"
                + "  <mirrors><mirror><id>m</id><url>https://repo.example/maven</url></mirror></mirrors>\n"
                + (localRepository == null ? "" : "  <localRepository>" + localRepository + "</localRepository>\n")
                + "</settings>\n";
    }

    private void userSettings(String text) throws IOException {
        Files.createDirectories(home.resolve(".m2"));
        Files.writeString(home.resolve(".m2/settings.xml"), text);
    }

    private void globalSettings(Path mavenHome, String text) throws IOException {
        Files.createDirectories(mavenHome.resolve("conf"));
        Files.writeString(mavenHome.resolve("conf/settings.xml"), text);
    }

    @Test
    void withoutSettingsItIsTheDotM2RepositoryOfTheHome() {
        assertThat(find()).isEqualTo(home.resolve(".m2/repository"));
    }

    @Test
    void theUserSettingsLocalRepositoryWithUserHomeInterpolated() throws IOException {
        userSettings(settings("  ${user.home}/company-repo  "));
        assertThat(find()).isEqualTo(home.resolve("company-repo"));
    }

    @Test
    void anEnvironmentVariableIsInterpolated() throws IOException {
        env.put("REPO_ROOT", tmp.resolve("shared").toString());
        userSettings(settings("${env.REPO_ROOT}/m2"));
        assertThat(find()).isEqualTo(tmp.resolve("shared/m2"));
    }

    @Test
    void anExpressionThatResolvesToNothingStaysAsWritten() throws IOException {
        userSettings(settings(tmp + "/${env.NOT_SET}/repo"));
        assertThat(find()).isEqualTo(Path.of(tmp + "/${env.NOT_SET}/repo"));
    }

    @Test
    void theGlobalSettingsOfMavenHomeWhenTheUserSettingsNameNone() throws IOException {
        userSettings(settings(null));
        globalSettings(mavenHome, settings("/opt/global-repo"));
        properties.put("maven.home", mavenHome.toString());
        assertThat(find()).isEqualTo(Path.of("/opt/global-repo"));

        properties.remove("maven.home");
        env.put("MAVEN_HOME", mavenHome.toString());
        assertThat(find()).isEqualTo(Path.of("/opt/global-repo"));
    }

    @Test
    void theUserSettingsWinOverTheGlobalOnes() throws IOException {
        userSettings(settings("/opt/user-repo"));
        globalSettings(mavenHome, settings("/opt/global-repo"));
        properties.put("maven.home", mavenHome.toString());
        assertThat(find()).isEqualTo(Path.of("/opt/user-repo"));
    }

    @Test
    void mavenHomeIsWhereTheMvnOnThePathReallyIs() throws IOException {
        // As on Debian: /usr/bin/mvn links to /usr/share/maven/bin/mvn.
        Path realMvn = Files.createDirectories(mavenHome.resolve("bin")).resolve("mvn");
        Files.writeString(realMvn, "#!/bin/sh\n");
        Files.setPosixFilePermissions(realMvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path usrBin = Files.createDirectories(tmp.resolve("usr-bin"));
        Files.createSymbolicLink(usrBin.resolve("mvn"), realMvn);
        globalSettings(mavenHome, settings("/opt/global-repo"));
        env.put("PATH", tmp.resolve("empty") + ":" + usrBin + ":/nonexistent");
        assertThat(find()).isEqualTo(Path.of("/opt/global-repo"));
    }

    @Test
    void overridesComeBeforeTheSettingsInOrder() throws IOException {
        userSettings(settings("/opt/user-repo"));
        properties.put("localRepository", "/r/surefire");
        assertThat(find()).isEqualTo(Path.of("/r/surefire"));
        properties.put("maven.repo.local", "/r/maven-repo-local");
        assertThat(find()).isEqualTo(Path.of("/r/maven-repo-local"));
        env.put("RTW_MAVEN_REPO", "/r/env");
        assertThat(find()).isEqualTo(Path.of("/r/env"));
        properties.put("rtw.maven.repo", "/r/property");
        assertThat(find()).isEqualTo(Path.of("/r/property"));
    }

    @Test
    void aSettingsFileWithADoctypeIsRefusedAndNoEntityIsRead() throws IOException {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "/opt/from-an-entity");
        userSettings("<?xml version=\"1.0\"?>\n<!DOCTYPE settings [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<settings><localRepository>&x;</localRepository></settings>\n");
        assertThatThrownBy(this::find)
                .isInstanceOf(MavenRepository.UnreadableSettings.class)
                .hasMessageStartingWith("cannot read the Maven settings " + home.resolve(".m2/settings.xml") + ": ")
                .hasMessageContaining("DOCTYPE")
                .hasMessageNotContaining("/opt/from-an-entity");
    }

    @Test
    void aMalformedSettingsFileNamesTheFile() throws IOException {
        userSettings("<settings><localRepository>/opt/x</settings>");
        assertThatThrownBy(this::find).isInstanceOf(MavenRepository.UnreadableSettings.class)
                .hasMessageStartingWith("cannot read the Maven settings " + home.resolve(".m2/settings.xml"));
    }
}
