// Progressive enhancement: commune suggestions while typing (the form works without it).
(function () {
  var champ = document.getElementById("commune");
  var liste = document.getElementById("communes-liste");
  if (!champ || !liste || !window.fetch) return;
  var minuterie = null;
  champ.addEventListener("input", function () {
    clearTimeout(minuterie);
    var texte = champ.value.trim();
    if (texte.length < 2) return;
    minuterie = setTimeout(function () {
      fetch("/api/v1/communes?q=" + encodeURIComponent(texte))
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (communes) {
          liste.innerHTML = "";
          communes.forEach(function (c) {
            var option = document.createElement("option");
            option.value = c.nom + " (" + c.departement + ")";
            option.textContent = c.codes_postaux.join(", ");
            liste.appendChild(option);
          });
        });
    }, 150);
  });
})();
