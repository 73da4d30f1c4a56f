package com.bowwow.user;

import java.net.http.HttpResponse;
import java.util.Map;

import com.bowwow.testsupport.BowWowTestInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document the gateway assembles the public API description from. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@Import(BowWowTestInfrastructure.class)
class ApiDocsTests extends HttpTestSupport {

	@Test
	@SuppressWarnings("unchecked")
	void describesEveryUsersEndpointWithoutAToken() throws Exception {
		HttpResponse<String> response = send("GET", "/v3/api-docs", null, null);
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Object> paths = (Map<String, Object>) body(response).get("paths");
		assertThat(paths).containsKeys("/api/v1/users/register", "/api/v1/users/token", "/api/v1/users/{userID}",
				"/api/v1/users/{userID}/settings", "/api/v1/users/{userID}/export");
		assertThat((Map<String, Object>) paths.get("/api/v1/users/{userID}")).containsKeys("get", "delete");
		assertThat((Map<String, Object>) paths.get("/api/v1/users/{userID}/settings")).containsKeys("put");
	}

}
