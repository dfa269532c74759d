// The API explorer (/api/v1/docs): Swagger UI over the OpenAPI document whose address the page gives, its own
// labels shown in French (Swagger UI has no translations: its texts are replaced as it draws them; the API's own
// texts — summaries, descriptions, field names — come from the document and are left as they are).
var FRENCH = {
  "Try it out": "Essayer", "Try it out ": "Essayer", "Cancel": "Annuler", "Execute": "Envoyer", "Clear": "Effacer",
  "Parameters": "Paramètres", "No parameters": "Aucun paramètre", "Name": "Nom",
  "Responses": "Réponses", "Response body": "Corps de la réponse", "Response headers": "En-têtes de la réponse",
  "Details": "Détails", "Links": "Liens", "No links": "Aucun lien", "Request body": "Corps de la requête",
  "required": "obligatoire", "Schemas": "Schémas", "Schema": "Schéma", "Example Value": "Exemple",
  "Authorize": "S'authentifier", "Available authorizations": "Autorisations disponibles", "Close": "Fermer",
  "Logout": "Se déconnecter", "Value:": "Valeur :", "Media type": "Type de média",
  "Controls Accept header.": "Fixe l'en-tête Accept.", "Server response": "Réponse du serveur",
  "Request URL": "Adresse de la requête", "Download": "Télécharger", "Undocumented": "Non documenté",
  "Loading...": "Chargement…", "Filter by tag": "Filtrer par étiquette", "Servers": "Serveurs",
  "Expand all": "Tout déplier", "Collapse all": "Tout replier", "Responses ": "Réponses",
  "Example Description": "Description de l'exemple", "Default value": "Valeur par défaut",
  "Available values": "Valeurs possibles", "Send empty value": "Envoyer une valeur vide",
  "Failed to fetch.": "La requête n'a pas abouti.", "No response from server": "Pas de réponse du serveur",
  "Reset": "Rétablir", "Edit Value": "Modifier la valeur", "Model": "Modèle", "Models": "Modèles",
  "Default error response": "Réponse d'erreur (tout autre cas)", "Examples": "Exemples", "Example": "Exemple", "Request duration": "Durée de la requête",
};

function translateText(node) {
  var text = node.nodeValue.trim();
  if (Object.prototype.hasOwnProperty.call(FRENCH, text) && FRENCH[text] !== text) {
    node.nodeValue = node.nodeValue.replace(text, FRENCH[text]);  // a French text is never in FRENCH: no loop
  }
}

function toFrench(root) {
  if (root.nodeType === Node.TEXT_NODE) { translateText(root); return; }
  if (root.nodeType !== Node.ELEMENT_NODE) { return; }
  var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (var node = walker.nextNode(); node; node = walker.nextNode()) { translateText(node); }
  root.querySelectorAll("input[placeholder='Filter by tag']").forEach(function (input) {
    input.placeholder = FRENCH["Filter by tag"];
  });
  // « Controls <code>Accept</code> header. »: one sentence in three nodes
  var accept = "Fixe l'en-tête Accept de la requête.";
  root.querySelectorAll(".response-control-media-type__accept-message").forEach(function (el) {
    if (el.textContent !== accept) { el.textContent = accept; }
  });
}

// Only what Swagger UI adds or rewrites is looked at (not the whole page at every change).
function onChanges(changes) {
  changes.forEach(function (change) {
    if (change.type === "characterData") { translateText(change.target); }
    change.addedNodes.forEach(toFrench);
  });
}

window.addEventListener("load", function () {
  var node = document.getElementById("swagger-ui-container");
  new MutationObserver(onChanges).observe(node, { childList: true, subtree: true, characterData: true });
  window.ui = SwaggerUIBundle({
    url: node.getAttribute("data-spec-url"),
    dom_id: "#swagger-ui-container",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
  });
});
