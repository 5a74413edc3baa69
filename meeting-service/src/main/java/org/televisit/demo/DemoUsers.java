package org.televisit.demo;

import java.util.List;
import java.util.Optional;
import org.televisit.security.Role;
import org.televisit.security.User;

/** The people of demo mode; their ids are the {@code sub} of the tokens {@code /demo/login} hands out. */
final class DemoUsers {

    static final User DOCTOR = new User("dr-alice", Role.DOCTOR, "Dr. Alice Adler", "alice@clinic.example");
    static final User PATIENT = new User("pat-bob", Role.PATIENT, "Bob Brown", "bob@patients.example");
    static final User AGENCY = new User("agency-carol", Role.AGENCY, "Carol (Care Agency)", "carol@agency.example");
    static final User SCHEDULER = new User("scheduler-sam", Role.SCHEDULER, "Clinic scheduler", null);
    static final User ADMIN = new User("admin-ada", Role.ADMIN, "Ada (Admin)", null);

    static final List<User> ALL = List.of(DOCTOR, PATIENT, AGENCY, SCHEDULER, ADMIN);

    private DemoUsers() {
    }

    static Optional<User> find(String id) {
        return ALL.stream().filter(user -> user.id().equals(id)).findFirst();
    }
}
