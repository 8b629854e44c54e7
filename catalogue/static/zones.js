// Progressive enhancement: suggestions for the last zone typed in a comma-separated zone field
// (communes, intercommunalités, départements). The field works without it: names are read back.
(function () {
  var liste = document.getElementById("zones-liste");
  if (!liste || !window.fetch) return;
  document.querySelectorAll("input[data-zones]").forEach(function (champ) {
    var minuterie = null;
    champ.addEventListener("input", function () {
      clearTimeout(minuterie);
      var virgule = champ.value.lastIndexOf(",");
      var debut = virgule < 0 ? "" : champ.value.slice(0, virgule + 1) + " ";
      var texte = champ.value.slice(virgule + 1).trim();
      if (texte.length < 2) return;
      minuterie = setTimeout(function () {
        fetch(champ.dataset.zones + "?q=" + encodeURIComponent(texte))
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (zones) {
            liste.innerHTML = "";
            zones.forEach(function (z) {
              var option = document.createElement("option");
              option.value = debut + z;
              liste.appendChild(option);
            });
          });
      }, 150);
    });
  });
})();
