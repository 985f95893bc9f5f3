package com.cfh.supporthub.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.ClassWriter;
import org.springframework.asm.FieldVisitor;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;

/**
 * The guard of issue 15.4: the hub's mail consumer ({@link ConcurrentMailConsumer}, {@link ConcurrentMailEndpoint},
 * {@link ConcurrentMailComponent}) overrides and copies protected parts of Camel's camel-mail, on the path that
 * must never lose mail. A Camel upgrade that changes any of them compiles fine, so this test compares the
 * bytecode of each method the hub relies on with the one reviewed (camel-mail 4.17.0). When it fails: read the
 * new Camel code of the methods it names, check the assumptions listed in docs/email.md ("Why a subclass of
 * Camel's consumer") still hold, adapt the three classes if not, and put the new fingerprints here.
 */
class CamelMailInternalsTest {

    private static final String MAIL = "org/apache/camel/component/mail/";

    /** class/method(descriptor) -> SHA-256 of its bytecode (debug information left out), as reviewed. */
    private static final Map<String, String> REVIEWED = new LinkedHashMap<>();

    static {
        // commit: the on-completion is added before processExchange runs the route, and flags/moves the message
        REVIEWED.put(MAIL + "MailConsumer#processBatch(Ljava/util/Queue;)I",
                "32d19a003b3ab9b9fa90f82c9642e1459089b797f7911b25f2876f3975b27a68");
        REVIEWED.put(MAIL + "MailConsumer#processExchange(Lorg/apache/camel/Exchange;)V",
                "03ae019876c7e113e45b8df397b48d74e755b3cf87260663006235514de2a2b2");
        REVIEWED.put(MAIL + "MailConsumer#processCommit(Ljakarta/mail/Message;Lorg/apache/camel/Exchange;)V",
                "0ddb927e2b01b4f3890f262c5bc44e72db904717c2d37aeaa3fbbd61d84096bf");
        REVIEWED.put(MAIL + "MailConsumer#processRollback(Ljakarta/mail/Message;Lorg/apache/camel/Exchange;)V",
                "5af2519df330e65eac4d27330e111ac4543c9315fa4c7ce5efb594c1f83d11f6");
        // the poll: processBatch is called with the whole batch, and the folder stays open (closeFolder=false)
        REVIEWED.put(MAIL + "MailConsumer#poll()I",
                "8b759b2b38aa3873529066c8ef1a4ce72c2a987eae521e2c5d23479c73186826");
        // the on-completion itself: commit on success, rollback on failure, no hand-over to another thread
        REVIEWED.put(MAIL + "MailConsumer$1#onComplete(Lorg/apache/camel/Exchange;)V",
                "7765d8c15d87a0af48f02bbbdd447b3437685b3af6f5d55bd6ba4d177018aa2d");
        REVIEWED.put(MAIL + "MailConsumer$1#onFailure(Lorg/apache/camel/Exchange;)V",
                "aabc99b2730de2de8b1628fc053cdfa7ba573bc11bbfac8742ecf018bd8d3bde");
        REVIEWED.put(MAIL + "MailConsumer$1#allowHandover()Z",
                "3bc79ee728ee934540ccb18f7017e8542909df818867ed3c0661d7f9d5193e2c");
        // copied by ConcurrentMailEndpoint.createConsumer and ConcurrentMailComponent.createEndpoint
        REVIEWED.put(MAIL + "MailEndpoint#createConsumer(Lorg/apache/camel/Processor;"
                + "Lorg/apache/camel/component/mail/JavaMailSender;)Lorg/apache/camel/Consumer;",
                "842d9d02a9b0524be7e6e2d1fe428abfd778ac3a9400025b360d0d300631fd10");
        REVIEWED.put(MAIL + "MailComponent#createEndpoint(Ljava/lang/String;Ljava/lang/String;Ljava/util/Map;)"
                + "Lorg/apache/camel/Endpoint;",
                "8cccd3db040e6f7d0d9f376dc4e7590c76858ecfb0c65a123ad7251b564d3627");
        // hub-imaps://... is configured as imaps://...: the protocol comes from the URI's scheme
        REVIEWED.put(MAIL + "MailConfiguration#configure(Ljava/net/URI;)V",
                "85b36802bade81cc2165952ddd50a045cf59efb36c2637c9c610dd0374a1fbfe");
    }

    @Test
    @DisplayName("P03 issue 15.4: the Camel internals the hub's mail consumer overrides are the ones reviewed")
    void overriddenCamelInternalsUnchanged_P03() throws Exception {
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> e : REVIEWED.entrySet()) {
            String[] at = e.getKey().split("#", 2);
            String actual = fingerprint(at[0], at[1]);
            if (!actual.equals(e.getValue())) {
                changed.add(e.getKey() + " is now " + actual);
            }
        }
        assertThat(changed).as("Camel's mail component changed where the hub's consumer depends on it (camel-mail "
                + org.apache.camel.component.mail.MailComponent.class.getPackage().getImplementationVersion()
                + "): review docs/email.md 'Why a subclass of Camel's consumer' against the new code, then update "
                + "CamelMailInternalsTest").isEmpty();
    }

    @Test
    @DisplayName("issue 15.4: the fingerprint changes when a method's bytecode does, and only then")
    void fingerprintFollowsTheCode() throws Exception {
        String commit = fingerprint(MAIL + "MailConsumer", "processCommit(Ljakarta/mail/Message;Lorg/apache/camel/Exchange;)V");
        assertThat(fingerprint(MAIL + "MailConsumer", "processCommit(Ljakarta/mail/Message;Lorg/apache/camel/Exchange;)V"))
                .isEqualTo(commit);
        assertThat(fingerprint(MAIL + "MailConsumer", "processRollback(Ljakarta/mail/Message;Lorg/apache/camel/Exchange;)V"))
                .isNotEqualTo(commit);
        assertThat(fingerprint(MAIL + "MailConsumer", "noSuchMethod()V")).isEqualTo("missing");
    }

    /**
     * SHA-256 of a class holding only that method (same name, super class and interfaces), without line numbers
     * or local variable names, so a change elsewhere in the file (Javadoc, another method) does not count.
     */
    static String fingerprint(String className, String method) throws IOException {
        byte[] bytes;
        try (InputStream in = CamelMailInternalsTest.class.getClassLoader().getResourceAsStream(className + ".class")) {
            if (in == null) {
                return "missing";
            }
            bytes = in.readAllBytes();
        }
        ClassWriter writer = new ClassWriter(0);
        boolean[] found = {false};
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                if (!(name + descriptor).equals(method)) {
                    return null;
                }
                found[0] = true;
                return super.visitMethod(access, name, descriptor, signature, exceptions);
            }

            @Override
            public void visitInnerClass(String name, String outerName, String innerName, int access) {
            }

            @Override
            public void visitNestMember(String nestMember) {
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        if (!found[0]) {
            return "missing";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(writer.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
