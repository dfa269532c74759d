// The API explorer (/api/v1/docs): Swagger UI over the OpenAPI document whose address the page gives.
window.addEventListener("load", function () {
  var node = document.getElementById("swagger-ui-container");
  window.ui = SwaggerUIBundle({
    url: node.getAttribute("data-spec-url"),
    dom_id: "#swagger-ui-container",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
  });
});
